"""The controls: URL query parameters parsed and clamped (`url_params`), widgets kept in the link with teacher
mode (`url_state`), and the controls several pages share (`sidebar`)."""

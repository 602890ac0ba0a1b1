"""The controls: URL query parameters parsed and clamped (`url_params`), widgets bound to the link with teacher
mode and notices (`url_state`), and the controls several pages share (`shared`)."""

"""Colours and layout shared by every chart: Okabe–Ito, colour-blind safe, one fixed colour per model kind."""

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    # Not one of Okabe & Ito's eight: the neutral for reference lines (chance, "other languages", the current
    # size). #767676 is 4.5:1 on white; the usual #999999 was 2.8:1, below WCAG's 3:1 for lines a chart needs.
    "grey": "#767676",
}

# One colour per model kind, everywhere in the app.
MODEL_COLOURS = {
    "rnn": OKABE_ITO["vermillion"],
    "gru": OKABE_ITO["sky_blue"],
    "lstm": OKABE_ITO["blue"],
}
MODEL_LABELS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}

# One colour per LSTM quantity, everywhere in the app.
GATE_COLOURS = {
    "f": OKABE_ITO["vermillion"],      # forget gate
    "i": OKABE_ITO["bluish_green"],    # input gate
    "c_tilde": OKABE_ITO["orange"],    # candidate
    "o": OKABE_ITO["reddish_purple"],  # output gate
    "c": OKABE_ITO["blue"],            # cell state
    "h": OKABE_ITO["sky_blue"],        # hidden state
}
GATE_LABELS = {
    "f": "forget gate f",
    "i": "input gate i",
    "c_tilde": "candidate c̃",
    "o": "output gate o",
    "c": "cell state C",
    "h": "hidden state h",
}

CHANCE_COLOUR = OKABE_ITO["grey"]
FONT_FAMILY = "Source Sans Pro, Helvetica, Arial, sans-serif"
# st.plotly_chart draws with Streamlit's theme, which replaces a figure's template in the browser, so the server
# resolves no named template (that deep-copies it for every figure).
NO_TEMPLATE = "none"
# Streamlit's chart theme draws tick labels and axis titles in #808495, 3.7:1 on white (WCAG AA asks 4.5:1 for
# text); a darker grey of the same hue keeps them quieter than the data and readable: 6.0:1.
AXIS_TEXT_COLOUR = "#5F6371"


def translucent(hex_colour: str, alpha: float) -> str:
    """"#RRGGBB" at opacity `alpha`, as CSS rgba()."""
    red, green, blue = (int(hex_colour[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def base_layout(title: str, x_title: str, y_title: str, height: int = 420) -> dict:
    """Layout every chart shares: a title, labelled axes, a legend that does not cover the data."""
    return dict(
        title=dict(text=title, x=0.0, xanchor="left"),
        xaxis=dict(title=dict(text=x_title, font=dict(color=AXIS_TEXT_COLOUR)), automargin=True,
                   tickfont=dict(color=AXIS_TEXT_COLOUR)),
        yaxis=dict(title=dict(text=y_title, font=dict(color=AXIS_TEXT_COLOUR)), automargin=True,
                   tickfont=dict(color=AXIS_TEXT_COLOUR)),
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
        font=dict(family=FONT_FAMILY, size=14),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
        template=NO_TEMPLATE,
    )

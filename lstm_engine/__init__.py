"""lstm_engine: RNN, GRU and LSTM in numpy with exact backpropagation through time.

numpy only: this package never imports streamlit, plotly or pandas.
"""

from .gru import GRU
from .lstm import LSTM
from .rnn import RNN
from .param_count import ParamCount, count_parameters
from .memory_task import PAIRS, TaskConfig, lesson_sentence, tokenize, two_country_sentence
from .model import Classifier
from .shipped import SHIPPED_KINDS, load_shipped, shipped_metadata

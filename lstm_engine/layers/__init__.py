"""The recurrent layers: RNN, GRU and LSTM with exact backpropagation through time in PyTorch's weight layout,
plus what running, training and counting them needs (activations, Adam, parameter counts, the lesson's W_f view,
one cell step explained, the cost of a training step) and the readable reference step each fast layer is
tested against (reference.py). numpy only; nothing here knows about the memory task."""

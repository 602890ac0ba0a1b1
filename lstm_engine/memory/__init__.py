"""The lesson's memory experiment, built on `lstm_engine.layers`: the "I grew up in France … so I speak fluent ___"
task, a classifier around a layer, training with a curriculum over the gap, retention and gradient-flow
measurements, the forget story of a two-country sentence, and the shipped models in `models/`."""

""""Train it yourself": background training processes with a machine-wide limit (`training_jobs`) and the Why LSTM
panel that starts, watches and stops one (`train_yourself`)."""

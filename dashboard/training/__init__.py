""""Train it yourself": background training jobs with a server-wide limit (`training_jobs`) and the Why LSTM
panel that starts, watches and stops one (`train_yourself`)."""

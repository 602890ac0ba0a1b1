"""The cached engine calls the pages read: every number a page shows about the models comes from one of these
modules, each a thin cached wrapper around `lstm_engine` on plain arguments."""

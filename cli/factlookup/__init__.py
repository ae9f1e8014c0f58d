"""factlookup: who, when and where in a folder of news articles."""

__version__ = "0.1.0"

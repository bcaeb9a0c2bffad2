"""`khronika train ner`: corpora and spaCy config for the shipped uk/ru NER models."""

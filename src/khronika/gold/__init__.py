"""Readers of the gold-set formats of ../shared/data (and of our own test sets in those formats).

Pure data access, below nlp/: training code and `khronika eval` both read gold through here, so
neither imports the other."""

"""Engines that run the analysis of a batch: local (khronika.nlp.analyze.Analyzer, in process or
a forked worker) and Ray (ray_engine, an optional extra). Both yield contract objects or error
objects; the command line stores them the same way."""

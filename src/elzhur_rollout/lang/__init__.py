"""The Russian language: the vocabulary of every word users see (states, kinds, counted
nouns, plurals, dates) and the inflection of positions, names and titles."""

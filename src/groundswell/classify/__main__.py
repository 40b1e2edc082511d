"""`python -m groundswell.classify`: retrain the shipped baseline from the seed texts (see `training.main`)."""

from groundswell.classify.training import main

main()

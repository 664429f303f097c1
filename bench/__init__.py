"""Benchmarks of the command line at scale: synthetic rounds, the floor, the timing table."""

"""Data and drawings of the load_demo command."""

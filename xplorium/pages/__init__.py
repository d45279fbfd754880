"""The pages; xplorium/routes.py registers each one at its paths."""

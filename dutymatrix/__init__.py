"""dutymatrix: an organisation's posts, duties, RACI and segregation-of-duties rules as code."""

__version__ = "0.1.0"

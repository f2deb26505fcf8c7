"""elzhur-rollout: the rollout of an electronic class journal as documents-as-code."""

__version__ = "0.1.0"

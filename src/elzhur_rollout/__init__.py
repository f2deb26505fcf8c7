"""elzhur-rollout: the rollout of the ЭлЖур electronic class journal as documents-as-code."""

__version__ = "0.1.0"

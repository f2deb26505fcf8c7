"""``rollout serve``: the dashboard in a browser, with forms that record progress through the
library (``api``) into the YAML files and, in a git repository, into git's history."""

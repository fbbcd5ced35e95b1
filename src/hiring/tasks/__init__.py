"""Background jobs: the ``tasks`` table that records each one, and the queue that runs them."""

"""``codegen lint``: where the docs contradict themselves, other pages or the service metadata."""

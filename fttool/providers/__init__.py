"""Training backends behind one interface: the descriptors every backend fills (base.py: Provider, Capabilities,
ParamSpec), the backends (openai, azure, huggingface, together, local/), and the registry that finds them by name
(registry.py). Importing this package imports none of them."""

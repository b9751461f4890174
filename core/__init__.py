"""The shared base under every app: the timestamped model, form and view helpers, human
references, PDFs. It imports no app of the service (the layers: docs/decisions/0017)."""

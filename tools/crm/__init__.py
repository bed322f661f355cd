"""The built-in CRM: contacts, conversation records, tasks and opportunities at the depth each tier
earned, every write idempotent and audited."""

"""Side-effect tools the agent calls: CRM, calendar, handoff, content."""

"""One module per sub-domain: documents, dissemination, outreach, tasks, conferences."""

"""CRM: the companies we hire for or with, and the people there (hiring managers, clients)."""

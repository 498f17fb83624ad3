# The app's WhatsApp webhook subscription, by the app ID:
terraform import whatsapp_app_subscription.webhook 670843887433847

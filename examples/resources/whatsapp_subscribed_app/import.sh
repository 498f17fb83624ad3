# The token's app's subscription, by <waba_id> (or <waba_id>/<app_id>):
terraform import whatsapp_subscribed_app.support 104996122399160

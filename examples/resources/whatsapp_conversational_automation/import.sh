# A number's conversational components, by the phone number ID:
terraform import whatsapp_conversational_automation.support 110200345501442

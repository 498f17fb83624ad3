# By WABA ID and template ID:
terraform import whatsapp_message_template.order_shipped 104996122399160/1702255403300001

# By WABA ID, name and language:
terraform import whatsapp_message_template.order_shipped 104996122399160/order_shipped/en_US

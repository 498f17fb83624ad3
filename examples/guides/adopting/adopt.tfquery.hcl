# Everything terraform query should find on two WhatsApp Business Accounts:
# their phone numbers, assigned users, message templates, Flows and the token's
# app's subscription, and the QR codes of the support number.
locals {
  waba_ids = ["104996122399160", "104996122399161"]
}

list "whatsapp_phone_number" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = local.waba_ids[0]
  }
}

list "whatsapp_assigned_user" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = local.waba_ids[0]
  }
}

list "whatsapp_subscribed_app" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = local.waba_ids[0]
  }
}

list "whatsapp_phone_number" "sales" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = local.waba_ids[1]
  }
}

list "whatsapp_assigned_user" "sales" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = local.waba_ids[1]
  }
}

list "whatsapp_subscribed_app" "sales" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = local.waba_ids[1]
  }
}

list "whatsapp_message_template" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = local.waba_ids[0]
  }
}

list "whatsapp_message_template" "sales" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = local.waba_ids[1]
  }
}

list "whatsapp_qr_code" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    phone_number_id = "110200345501442"
  }
}

list "whatsapp_flow" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = local.waba_ids[0]
  }
}

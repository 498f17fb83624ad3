# The `make demo` configuration: the data source and one of each resource.
# It runs unchanged against the real Graph API: set WHATSAPP_ACCESS_TOKEN and
# your own IDs as variables. There, the phone number is only added with
# create_phone_number = true, because the API can never delete it, and
# destroy clears the profile fields set below (Meta cannot delete a profile).

terraform {
  required_version = ">= 1.6"
  required_providers {
    whatsapp = {
      source = "waba-terraform/whatsapp"
    }
  }
}

provider "whatsapp" {
  max_rate_limit_wait = "2m"
}

variable "waba_id" {
  description = "The WhatsApp Business Account to manage."
  type        = string
  default     = "104996122399160"
}

variable "user_id" {
  description = "A business or system user to assign to the account."
  type        = string
  default     = "100055555555555"
}

variable "webhook_url" {
  description = "Where this account's message webhooks should go (https)."
  type        = string
  default     = "https://hooks.example.com/whatsapp/demo"
}

variable "webhook_verify_token" {
  description = "The token Meta sends to webhook_url when it verifies it."
  type        = string
  sensitive   = true
}

variable "phone_number_id" {
  description = "A number already on the account, whose business profile (filled in WhatsApp Manager) this configuration adopts."
  type        = string
  default     = "110200345501442"
}

variable "create_phone_number" {
  description = "Add the phone number below. Numbers cannot be deleted through the API, so this is off by default."
  type        = bool
  default     = false
}

variable "phone_cc" {
  type    = string
  default = "49"
}

variable "phone_number" {
  type    = string
  default = "15112345679"
}

data "whatsapp_business_account" "this" {
  id = var.waba_id
}

resource "whatsapp_assigned_user" "ops" {
  waba_id = var.waba_id
  user_id = var.user_id
  tasks   = ["MANAGE_TEMPLATES", "VIEW_COST"]
}

resource "whatsapp_subscribed_app" "webhooks" {
  waba_id               = var.waba_id
  override_callback_uri = var.webhook_url
  verify_token          = var.webhook_verify_token
}

# Every number already has a business profile, usually filled in WhatsApp
# Manager. Adopt it with an import block: a create over a filled profile fails
# rather than clear what the configuration leaves out, and after the import the
# plan shows each field that changes.
import {
  to = whatsapp_business_profile.support
  id = var.phone_number_id
}

resource "whatsapp_business_profile" "support" {
  phone_number_id = var.phone_number_id
  about           = "Support Mon-Fri 8-18 CET"
  description     = "Orders, returns and repairs for Acme customers."
  address         = "Hauptstr. 1, 10115 Berlin"
  email           = "help@acme.example"
  websites        = ["https://acme.example", "https://acme.example/help"]
  vertical        = "RETAIL"
}

resource "whatsapp_phone_number" "sales" {
  count = var.create_phone_number ? 1 : 0

  waba_id       = var.waba_id
  cc            = var.phone_cc
  phone_number  = var.phone_number
  verified_name = "Acme Sales"
}

output "account" {
  value = {
    name           = data.whatsapp_business_account.this.name
    owner_business = data.whatsapp_business_account.this.owner_business_info.name
    review_status  = data.whatsapp_business_account.this.account_review_status
  }
}

output "assigned_user" {
  value = "${whatsapp_assigned_user.ops.name} (${whatsapp_assigned_user.ops.user_type}): ${join(", ", whatsapp_assigned_user.ops.tasks)}"
}

output "subscribed_app" {
  value = "${whatsapp_subscribed_app.webhooks.app_name} -> ${whatsapp_subscribed_app.webhooks.override_callback_uri}"
}

output "business_profile" {
  value = "${whatsapp_business_profile.support.about} <${whatsapp_business_profile.support.email}> ${join(" ", whatsapp_business_profile.support.websites)}"
}

output "phone_number" {
  value = var.create_phone_number ? "${whatsapp_phone_number.sales[0].display_phone_number} (${whatsapp_phone_number.sales[0].status})" : "not created"
}

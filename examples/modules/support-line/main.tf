# A small module a team might keep: a support line on an existing WhatsApp
# Business Account, with its profile and the people who manage it. Its tests
# (tests/) run against fakegraph, the local emulator, with `terraform test`.
terraform {
  required_version = ">= 1.6"
  required_providers {
    whatsapp = {
      source = "waba-terraform/whatsapp"
    }
  }
}

variable "waba_id" {
  description = "The WhatsApp Business Account of the line."
  type        = string
}

variable "phone_number" {
  description = "The line's number: country code and national number."
  type = object({
    cc     = string
    number = string
  })
}

variable "display_name" {
  type = string
}

variable "about" {
  type    = string
  default = "Support Mon-Fri 8-18 CET"
}

variable "managers" {
  description = "User IDs that manage the account's templates."
  type        = set(string)
  default     = []
}

resource "whatsapp_phone_number" "line" {
  waba_id       = var.waba_id
  cc            = var.phone_number.cc
  phone_number  = var.phone_number.number
  verified_name = var.display_name
}

resource "whatsapp_business_profile" "line" {
  phone_number_id = whatsapp_phone_number.line.id
  about           = var.about
}

resource "whatsapp_assigned_user" "manager" {
  for_each = var.managers
  waba_id  = var.waba_id
  user_id  = each.value
  tasks    = ["MANAGE_TEMPLATES", "VIEW_TEMPLATES"]
}

output "phone_number_id" {
  value = whatsapp_phone_number.line.id
}

output "display_phone_number" {
  value = whatsapp_phone_number.line.display_phone_number
}

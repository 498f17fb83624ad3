# Adoption on Terraform 1.7 to 1.13: the discovery data sources find what
# exists, and import blocks with for_each import all of it in one plan.
terraform {
  required_version = ">= 1.7"
  required_providers {
    whatsapp = {
      source = "waba-terraform/whatsapp"
    }
  }
}

variable "waba_id" {
  type    = string
  default = "104996122399160"
}

data "whatsapp_phone_numbers" "existing" {
  waba_id = var.waba_id
}

data "whatsapp_assigned_users" "existing" {
  waba_id = var.waba_id
}

locals {
  numbers = { for n in data.whatsapp_phone_numbers.existing.phone_numbers : n.id => n }
  users   = { for u in data.whatsapp_assigned_users.existing.users : u.user_id => u }
}

import {
  for_each = local.numbers
  to       = whatsapp_phone_number.adopted[each.key]
  id       = "${var.waba_id}/${each.key}"
}

resource "whatsapp_phone_number" "adopted" {
  for_each      = local.numbers
  waba_id       = var.waba_id
  cc            = each.value.cc
  phone_number  = each.value.phone_number
  verified_name = each.value.verified_name
}

import {
  for_each = local.users
  to       = whatsapp_assigned_user.adopted[each.key]
  id       = "${var.waba_id}/${each.key}"
}

resource "whatsapp_assigned_user" "adopted" {
  for_each    = local.users
  waba_id     = var.waba_id
  user_id     = each.key
  tasks       = each.value.tasks
  business_id = data.whatsapp_assigned_users.existing.business_id
}

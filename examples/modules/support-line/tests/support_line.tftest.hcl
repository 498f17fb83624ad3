# terraform test against fakegraph. Point the provider at the emulator with
# WHATSAPP_BASE_URL and WHATSAPP_ACCESS_TOKEN (fakegraph prints both).
variables {
  waba_id      = "104996122399160"
  phone_number = { cc = "49", number = "15112345601" }
  display_name = "Acme Returns"
  managers     = ["100055555555555"]
}

run "adds_the_line" {
  command = apply

  assert {
    condition     = output.display_phone_number == "+49 151 12345601"
    error_message = "The number reads back as ${output.display_phone_number}."
  }

  assert {
    condition     = whatsapp_phone_number.line.status == "PENDING"
    error_message = "A new number is PENDING until it is registered."
  }

  assert {
    condition     = whatsapp_business_profile.line.about == "Support Mon-Fri 8-18 CET"
    error_message = "The profile's about text did not stick."
  }

  assert {
    condition     = whatsapp_assigned_user.manager["100055555555555"].name == "Jane Ops"
    error_message = "The manager is not assigned."
  }
}

run "changes_the_profile_in_place" {
  command = apply

  variables {
    about = "Returns: Mon-Sat 8-20 CET"
  }

  assert {
    condition     = whatsapp_business_profile.line.about == "Returns: Mon-Sat 8-20 CET"
    error_message = "The about text was not updated."
  }

  assert {
    condition     = output.phone_number_id == run.adds_the_line.phone_number_id
    error_message = "The number was replaced instead of kept."
  }
}

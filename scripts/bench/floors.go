package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// The plans ours is timed against: N terraform_data resources (no provider),
// the floor's N resources, and the shape floor's copy of our resources.

// referencePlan times a plan of n terraform_data resources, for scale.
func referencePlan(tf, dir string, n, runs int) (time.Duration, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	cfg := fmt.Sprintf("resource \"terraform_data\" \"x\" {\n  count = %d\n  input = count.index\n}\n", n)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		return 0, err
	}
	env := append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	for _, args := range [][]string{{"init", "-no-color"}, {"apply", "-auto-approve", "-no-color"}} {
		if out, err := terraform(tf, dir, env, args...); err != nil {
			return 0, fmt.Errorf("terraform_data %s: %v\n%s", args[0], err, tail(out))
		}
	}
	return median(runs, func() (time.Duration, error) {
		start := time.Now()
		if out, err := terraform(tf, dir, env, "plan", "-no-color"); err != nil {
			return 0, fmt.Errorf("terraform_data plan: %v\n%s", err, tail(out))
		}
		return time.Since(start), nil
	})
}

// floorPlanner applies n resources of the floor provider (floor/), which
// does no work, and returns what times one plan of them: what Terraform and
// the framework cost for n resources.
func floorPlanner(tf, dir, bin string, n int) (func() (time.Duration, error), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    floor = { source = "waba-terraform/floor" }
  }
}

resource "floor_thing" "x" {
  count = %d
  name  = format("thing-%%05d", count.index)
  tasks = ["VIEW_COST"]
}
`, n)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	rc, err := cliConfig(dir, "floor.tfrc", bin)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE="+rc)
	if out, err := terraform(tf, dir, env, "apply", "-auto-approve", "-no-color"); err != nil {
		return nil, fmt.Errorf("floor apply: %v\n%s", err, tail(out))
	}
	return emptyPlan(tf, dir, env, "floor"), nil
}

// shapePlanner copies our plan's configuration and state (in ours) to dir
// and returns what times one plan of them with the shape floor (shapefloor/,
// built into shapeBin as terraform-provider-whatsapp): what Terraform and the
// framework cost for our resource types and schemas, without our code.
func shapePlanner(tf, ours, dir, shapeBin string) (func() (time.Duration, error), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, name := range []string{"main.tf", "terraform.tfstate"} {
		b, err := os.ReadFile(filepath.Join(ours, name))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			return nil, err
		}
	}
	rc, err := cliConfig(dir, "shape.tfrc", shapeBin)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE="+rc)
	return emptyPlan(tf, dir, env, "shape floor"), nil
}

// emptyPlan times one plan in dir, which must find nothing to change.
func emptyPlan(tf, dir string, env []string, what string) func() (time.Duration, error) {
	return func() (time.Duration, error) {
		start := time.Now()
		if out, err := terraform(tf, dir, env, "plan", "-detailed-exitcode", "-no-color"); err != nil {
			return 0, fmt.Errorf("%s plan (must be empty): %v\n%s", what, err, tail(out))
		}
		return time.Since(start), nil
	}
}

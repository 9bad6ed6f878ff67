// The example app in Go: `cdk synth --app "go run ."` in this folder.
package main

import (
	"github.com/aws/jsii-runtime-go"

	"example.com/contacts-example/exampleapp"
)

func main() {
	defer jsii.Close()
	exampleapp.Build("").Synth(nil)
}

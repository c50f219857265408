package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// parseFlags parses a command's flags, saying its errors in Vietnamese
// (the flag package says them in English) with the command's options;
// -h or --help prints the options and returns flag.ErrHelp, which main
// ends with status 0.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if err == nil {
		return nil
	}
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(os.Stdout)
		fmt.Fprintf(os.Stdout, "Các tùy chọn của thidua %s:\n", fs.Name())
		fs.PrintDefaults()
		return flag.ErrHelp
	}
	fs.SetOutput(os.Stderr)
	fs.PrintDefaults()
	return errors.New(flagMessage(err.Error()))
}

// flagMessage words an error of the flag package in Vietnamese.
func flagMessage(msg string) string {
	for _, t := range []struct{ en, vi string }{
		{"flag provided but not defined: ", "tùy chọn không có: "},
		{"flag needs an argument: ", "tùy chọn thiếu giá trị: "},
		{"bad flag syntax: ", "tùy chọn viết sai: "},
	} {
		if rest, ok := strings.CutPrefix(msg, t.en); ok {
			return t.vi + rest
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "x" for flag -year: parse error
		value, flagName, _ := strings.Cut(rest, " for flag ")
		flagName, _, _ = strings.Cut(flagName, ":")
		return fmt.Sprintf("giá trị %s của tùy chọn %s không hợp lệ", value, flagName)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		value, flagName, _ := strings.Cut(rest, " for ")
		flagName, _, _ = strings.Cut(flagName, ":")
		return fmt.Sprintf("giá trị %s của tùy chọn %s không phải đúng/sai (true/false)", value, flagName)
	}
	return "tùy chọn không hợp lệ: " + msg
}

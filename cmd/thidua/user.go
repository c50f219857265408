package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// userCmd manages accounts without a server: the first administrator is
// made this way. Passwords are read from standard input, never from the
// command line (which other users of the machine can see).
func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr *os.File) error {
	if len(args) == 0 {
		return errors.New("cần một việc: " + userVerbs)
	}
	verb := args[0]
	if verb == "-h" || verb == "--help" || verb == "help" {
		fmt.Fprint(stdout, usage)
		return flag.ErrHelp
	}
	fs := flag.NewFlagSet("user "+verb, flag.ContinueOnError)
	var c common
	c.register(fs)
	username := fs.String("username", "", "tên đăng nhập")
	name := fs.String("name", "", "họ tên")
	email := fs.String("email", "", "địa chỉ thư điện tử")
	role := fs.String("role", "", "vai trò: admin, secretariat, board, viewer")
	bloc := fs.String("bloc", "", "mã khối (secretariat)")
	year := fs.Int("year", 0, "năm (secretariat)")
	unit := fs.String("unit", "", "mã đơn vị (board)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	log := c.logger(stderr)
	st, err := c.openStore(ctx, log)
	if err != nil {
		return err
	}
	defer st.Close()
	acc, err := app.NewAccounts(app.AccountsConfig{Store: st, Logger: log})
	if err != nil {
		return err
	}
	g := domain.Grant{Role: *role, Bloc: *bloc, Year: *year, Unit: *unit}
	switch verb {
	case "add":
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		var grants []domain.Grant
		if *role != "" {
			grants = append(grants, g)
		}
		u, err := acc.CreateUser(ctx, nil, app.NewUser{Username: *username, Name: *name, Email: *email, Password: pw, Grants: grants})
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Đã tạo tài khoản %s\n", u.Username)
	case "grant":
		if _, err := acc.Grant(ctx, nil, *username, g); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Đã cấp quyền %s cho %s\n", g, *username)
	case "revoke":
		if err := acc.Revoke(ctx, nil, *username, g); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Đã thu hồi quyền %s của %s\n", g, *username)
	case "passwd":
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		if err := acc.ResetPassword(ctx, nil, *username, pw, ""); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Đã đặt mật khẩu mới cho %s; các phiên đăng nhập cũ đã kết thúc\n", *username)
	case "edit":
		u, err := acc.User(ctx, *username)
		if err != nil {
			return describe(err)
		}
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["name"] {
			*name = u.Name // a flag not given keeps what is there
		}
		if !set["email"] {
			*email = u.Email
		}
		if _, err := acc.UpdateUser(ctx, nil, *username, *name, *email); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Đã sửa thông tin của %s\n", *username)
	case "disable", "enable":
		if _, err := acc.SetDisabled(ctx, nil, *username, verb == "disable"); err != nil {
			return describe(err)
		}
		if verb == "disable" {
			fmt.Fprintf(stdout, "Đã khoá tài khoản %s; các phiên đăng nhập và mã truy cập của tài khoản đã kết thúc\n", *username)
		} else {
			fmt.Fprintf(stdout, "Đã mở lại tài khoản %s\n", *username)
		}
	case "unlock":
		if err := acc.Unlock(ctx, nil, *username); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Đã cho %s đăng nhập lại ngay (xoá các lần nhập sai)\n", *username)
	case "delete":
		if err := acc.DeleteUser(ctx, nil, *username); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Đã xoá tài khoản %s; nhật ký vẫn giữ các việc đã làm\n", *username)
	case "list":
		us, err := acc.Users(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "TÊN ĐĂNG NHẬP\tHỌ TÊN\tTHƯ ĐIỆN TỬ\tTRẠNG THÁI\tQUYỀN")
		for _, u := range us {
			var gs []string
			for _, g := range u.Grants {
				gs = append(gs, g.String())
			}
			state := "hoạt động"
			if u.Disabled {
				state = "đã khoá"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.Name, u.Email, state, strings.Join(gs, "; "))
		}
		return w.Flush()
	default:
		return fmt.Errorf("việc không rõ %q: %s", verb, userVerbs)
	}
	return nil
}

const userVerbs = "add, edit, grant, revoke, passwd, disable, enable, unlock, delete hoặc list"

// readPassword reads the first line of standard input.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 1024)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("cần mật khẩu ở đầu vào chuẩn (ví dụ: echo 'mật khẩu' | thidua user add …)")
	}
	return line, nil
}

// describe turns validation errors into one readable line.
func describe(err error) error {
	var ve domain.ValidationError
	if errors.As(err, &ve) {
		var parts []string
		for _, e := range ve {
			parts = append(parts, e.Field+": "+e.Message)
		}
		return errors.New(strings.Join(parts, "; "))
	}
	return err
}

// demoAccounts creates the demonstration accounts once, when the store has
// no account yet. Their password is THIDUA_DEMO_PASSWORD, or a random one
// printed here, once.
func demoAccounts(ctx context.Context, st store.Store, acc *app.Accounts, out io.Writer) error {
	us, err := acc.Users(ctx)
	if err != nil || len(us) > 0 {
		return err
	}
	pw, given := os.LookupEnv("THIDUA_DEMO_PASSWORD")
	if !given || pw == "" {
		pw = auth.Secret("")[:16]
	}
	names, err := demo.Accounts(ctx, st, acc.Maker(), pw)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Tài khoản mẫu (chỉ để dùng thử): %s.\n", strings.Join(names, ", "))
	if !given {
		fmt.Fprintf(out, "Mật khẩu chung của các tài khoản mẫu (chỉ in một lần này): %s\n", pw)
	}
	return nil
}

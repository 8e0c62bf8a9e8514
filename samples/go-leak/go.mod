module example.com/go-leak

go 1.19

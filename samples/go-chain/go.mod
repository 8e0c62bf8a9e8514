module example.com/go-chain

go 1.19

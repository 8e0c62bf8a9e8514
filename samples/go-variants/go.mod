module example.com/govariants

go 1.19

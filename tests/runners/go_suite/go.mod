module example.com/flakysuite

go 1.19

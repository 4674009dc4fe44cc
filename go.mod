module github.com/pmohq/pmo

go 1.26.8

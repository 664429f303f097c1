from pipeline.cli import program

program()

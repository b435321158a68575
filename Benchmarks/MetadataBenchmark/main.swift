// Metadata compiler benchmark: parse + check + generate time, peak memory and the generated file's
// compile time for synthetic aggregates of 1, 100, 1,000 and 5,000 IdPs.
//
//   swift run -c release MetadataBenchmark [--sizes 1,100,1000,5000] [--compile-sizes 1,100,1000]
//
// Each size is measured in a child process of this executable (`--measure`), so the peak resident
// memory reported is that of the parse and generation alone, not of building the input.

import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())

if arguments.first == "--measure" {
    exit(MeasureCommand.run(Array(arguments.dropFirst())))
}

func listOption(_ name: String, default fallback: [Int]) -> [Int] {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1].split(separator: ",").compactMap { Int($0) }
}

let sizes = listOption("--sizes", default: [1, 100, 1_000, 5_000])
let compileSizes = Set(listOption("--compile-sizes", default: [1, 100, 1_000]))
exit(BenchmarkDriver(sizes: sizes, compileSizes: compileSizes).run())

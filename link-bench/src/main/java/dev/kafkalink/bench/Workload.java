package dev.kafkalink.bench;

/** One of the benchmark's measurements (A to H: issue 7, I: issue 15). */
interface Workload {

    String id();

    Section run() throws Exception;
}

package dev.kafkalink.bench;

/** One of issue 7's measurements (A to H). */
interface Workload {

    String id();

    Section run() throws Exception;
}

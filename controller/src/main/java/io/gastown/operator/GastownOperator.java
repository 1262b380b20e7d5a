package io.gastown.operator;
public class GastownOperator { public static void main(String[] a) {} }

package io.livepipe.functions;
final class Placeholder {}

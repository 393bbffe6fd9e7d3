package io.livepipe.encoder;
final class Placeholder {}

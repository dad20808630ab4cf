#include <symphony/app/run.hpp>

int main(int argc, char** argv) { return symphony::app::run(argc, argv); }

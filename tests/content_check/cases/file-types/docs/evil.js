alert('x');
